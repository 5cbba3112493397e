// System libjpeg-turbo TurboJPEG API (Debian: libturbojpeg0-dev) for rendering to JPEG.
#include <turbojpeg.h>
