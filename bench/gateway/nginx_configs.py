"""nginx configurations for the gateway benchmark: the shared upstream, plain proxy_pass,
and auth_request to identity-service's introspection with proxy_cache keyed on the
Authorization header (the recipe of NGINX's "Validating OAuth 2.0 Access Tokens" article:
auth_request → njs → cached introspection subrequest; stock nginx cannot read the
introspection answer's `active` member without njs)."""
import base64
import os

COMMON = """
daemon off;
{user}
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
{modules}
worker_processes {workers};
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy_temp;
    fastcgi_temp_path {dir}/fastcgi_temp;
    uwsgi_temp_path {dir}/uwsgi_temp;
    scgi_temp_path {dir}/scgi_temp;
{http}
}}
"""

# Forwarding headers like the gateway's (X-Forwarded-*, X-Real-IP), keep-alive upstream.
PROXY_SETTINGS = """
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Forwarded-Prefix /pacs;
            proxy_set_header X-Real-IP $remote_addr;
"""

UPSTREAM = """
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        root {data};
        location = /readyz {{ default_type application/json; return 200 '{{"status":"ready"}}'; }}
        location / {{ default_type application/json; }}
    }}
"""

PLAIN = """
    upstream archive {{ server 127.0.0.1:{upstream}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location /pacs/ {{
            proxy_pass http://archive/;
{proxy}
        }}
        location / {{ root {static}; try_files $uri /index.html; }}
    }}
"""

AUTH_REQUEST = """
    js_import oauth2 from {dir}/oauth2.js;
    proxy_cache_path {dir}/token_cache levels=1 keys_zone=token_responses:1m max_size=10m;
    map $http_authorization $access_token {{ "~*^bearer\\s+(?<token>\\S+)$" $token; default ""; }}
    upstream archive {{ server 127.0.0.1:{upstream}; keepalive 64; }}
    upstream identity {{ server 127.0.0.1:{identity}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location /pacs/ {{
            auth_request /_oauth2_token_introspection;
            proxy_pass http://archive/;
{proxy}
        }}
        location = /_oauth2_token_introspection {{
            internal;
            js_content oauth2.introspectAccessToken;
        }}
        location = /_oauth2_send_request {{
            internal;
            proxy_method POST;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Authorization "Basic {basic}";
            proxy_set_header Content-Type "application/x-www-form-urlencoded";
            proxy_pass_request_body off;
            proxy_set_body "token=$access_token&token_type_hint=access_token";
            proxy_pass http://identity/realms/{realm}/protocol/openid-connect/token/introspect;
            proxy_cache token_responses;
            proxy_cache_key $http_authorization;
            proxy_cache_lock on;
            proxy_cache_valid 200 {ttl}s;
            proxy_ignore_headers Cache-Control Expires Set-Cookie;
        }}
        location / {{ root {static}; try_files $uri /index.html; }}
    }}
"""

OAUTH2_JS = """
function introspectAccessToken(r) {
    if (!r.variables.access_token) { r.return(401); return; }
    r.subrequest("/_oauth2_send_request", function (reply) {
        if (reply.status != 200) { r.return(401); return; }
        var answer = JSON.parse(reply.responseText);
        r.return(answer.active === true ? 204 : 403);
    });
}
export default { introspectAccessToken };
"""


def render(kind, directory, port, upstream=None, identity=None, data=None, static=None, workers=2,
           client_id="pacs", secret="", realm="ohif", ttl=30):
    """The text of one nginx.conf (and, for auth_request, writes oauth2.js next to it)."""
    modules = ""
    if kind == "upstream":
        http = UPSTREAM.format(port=port, data=data)
    elif kind == "plain":
        http = PLAIN.format(port=port, upstream=upstream, static=static, proxy=PROXY_SETTINGS)
    elif kind == "auth_request":
        modules = "load_module /usr/lib/nginx/modules/ngx_http_js_module.so;"
        (directory / "oauth2.js").write_text(OAUTH2_JS)
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        http = AUTH_REQUEST.format(
            dir=directory, port=port, upstream=upstream, identity=identity, static=static, proxy=PROXY_SETTINGS,
            basic=basic, realm=realm, ttl=ttl)
    else:
        raise ValueError(kind)
    # As root, workers would drop to `nobody` and could not read the private work directory.
    user = "user root;" if os.geteuid() == 0 else ""
    return COMMON.format(dir=directory, user=user, modules=modules, workers=workers, http=http)
