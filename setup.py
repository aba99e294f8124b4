"""Builds parley's Python extension with the project's own CMake (see pyproject.toml).

The build directory is build-python/ inside the clone (beside build/, at the same depth, so
that ccache with a base_dir finds the objects build/ compiled) and persists between installs, and
ccache (when installed) is used, so a second `pip install` recompiles only what changed.
Environment: PARLEY_JOBS (parallel compile jobs, default: all cores), PARLEY_CMAKE_ARGS (extra
arguments for CMake's configure step, e.g. "-DPARLEY_WERROR=ON" as scripts/test passes so that
the objects match build/'s and ccache serves them).
"""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = ROOT / "build-python"
        build.mkdir(parents=True, exist_ok=True)
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Release",
            "-DPARLEY_BUILD_PYTHON=ON",
            "-DPARLEY_BUILD_TESTS=OFF",
            "-DPARLEY_BUILD_EXAMPLES=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
        ] + shlex.split(os.environ.get("PARLEY_CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)
        jobs = os.environ.get("PARLEY_JOBS", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build), "--target", "_parley", "-j", jobs],
                       check=True)
        built = next((build / "python").glob("_parley*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    ext_modules=[CMakeExtension("parley._parley")],
    cmdclass={"build_ext": CMakeBuild},
    # setuptools' own scratch space, kept inside build-python/ beside CMake's.
    options={"build": {"build_base": str(Path("build-python") / "setuptools")}},
    zip_safe=False,
)
