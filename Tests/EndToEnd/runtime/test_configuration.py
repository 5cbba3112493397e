"""Configuration is validated at start-up: a bad value stops the service with a clear
message naming the variable and a non-zero exit; --help documents every variable."""
import pytest

from e2e_support import run_binary

SERVICES = ["identity-service", "pacs-service", "edge-gateway"]


@pytest.mark.parametrize("name", SERVICES)
def test_help_lists_options_and_environment(name):
    result = run_binary(name, "--help")
    assert result.returncode == 0, result.stderr
    for variable in ["HTTP_HOST", "HTTP_PORT", "PUBLIC_URL", "LOG_LEVEL", "LOG_FORMAT", "SHUTDOWN_TIMEOUT"]:
        assert variable in result.stdout
    assert "healthcheck" in result.stdout
    if name != "edge-gateway":
        assert "DATABASE_URL" in result.stdout
    else:
        assert "GATEWAY_PACS_URLS" in result.stdout


@pytest.mark.parametrize("name", SERVICES)
def test_bad_port_names_the_variable(name):
    result = run_binary(name, env={"HTTP_PORT": "eighty", "DATABASE_URL": "postgres://u:p@127.0.0.1:9/db"})
    assert result.returncode == 2
    assert "HTTP_PORT" in result.stderr
    assert "integer" in result.stderr


@pytest.mark.parametrize("name", ["identity-service", "pacs-service"])
def test_missing_database_url_is_reported(name):
    result = run_binary(name)
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "required" in result.stderr


def test_malformed_database_url_never_echoes_the_password():
    result = run_binary("pacs-service", env={"DATABASE_URL": "mysql://user:hunter2@host/db"})
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "hunter2" not in result.stderr


def test_missing_config_file_is_reported(tmp_path):
    result = run_binary("edge-gateway", "--config", str(tmp_path / "absent.json"))
    assert result.returncode == 2
    assert "absent.json" in result.stderr


def test_config_file_and_env_file_are_read(tmp_path):
    (tmp_path / "gateway.json").write_text('{"log": {"format": "yaml"}}')
    result = run_binary("edge-gateway", "--config", str(tmp_path / "gateway.json"))
    assert result.returncode == 2
    assert "LOG_FORMAT" in result.stderr
    (tmp_path / ".env").write_text("SHUTDOWN_TIMEOUT=never\n")
    result = run_binary("edge-gateway", cwd=str(tmp_path))
    assert result.returncode == 2
    assert "SHUTDOWN_TIMEOUT" in result.stderr
