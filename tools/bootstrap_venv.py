"""Create the project's virtual environment, even where Debian's python3-venv is missing.

`python3 -m venv` needs the `ensurepip` module, which Debian ships separately (package python3-venv). When
it is absent we install that package with apt-get (as root), or else use a system pip to fetch pip by name.
Otherwise we stop with the one command that fixes it, rather than leave a half-made environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

PIP_VERSION = "25.3"


def has_ensurepip() -> bool:
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def try_apt_install_venv() -> bool:
    """Install Debian's venv support for this interpreter; True when ensurepip then works."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    version = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
    print(f"ensurepip is missing: installing Debian's {version}", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    result = subprocess.run(["apt-get", "install", "-y", "-qq", version], check=False)
    probe = subprocess.run([sys.executable, "-c", "import ensurepip"], capture_output=True)
    return result.returncode == 0 and probe.returncode == 0


def pip_from_system_pip(python: Path) -> bool:
    """Download pip by name with an existing system pip, then let the wheel install itself."""
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "-d",
                tmp,
                f"pip=={PIP_VERSION}",
            ],
            check=True,
        )
        wheel = next(Path(tmp).glob("pip-*.whl"))
        # A wheel is importable as a zip, so pip can run from it to install itself.
        subprocess.run(
            [str(python), f"{wheel}/pip", "install", "--quiet", "--no-index", str(wheel)], check=True
        )
    return True


def main(target: str) -> None:
    env_dir = Path(target)
    python = env_dir / "bin" / "python"
    if (
        python.exists()
        and subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True).returncode == 0
    ):
        return
    with_pip = has_ensurepip() or try_apt_install_venv()
    if with_pip:
        # ensurepip may have been installed just now, by another process: build through a fresh interpreter.
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(env_dir)], check=True)
    else:
        venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)
        if not pip_from_system_pip(python):
            shutil.rmtree(env_dir, ignore_errors=True)
            sys.exit(
                "Cannot create a virtual environment: this Python has no ensurepip and no pip.\n"
                "Fix it once with:  sudo apt-get install python3-venv   then run the command again."
            )
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"pip=={PIP_VERSION}"], check=True)


if __name__ == "__main__":
    if sys.version_info < (3, 11):  # noqa: UP036 - this script is what tells an older Python to stop
        sys.exit(f"Cadre needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    main(sys.argv[1] if len(sys.argv) > 1 else ".venv")
