// System zlib (Debian: zlib1g-dev) for Deflated Explicit VR Little Endian.
#include <zlib.h>
