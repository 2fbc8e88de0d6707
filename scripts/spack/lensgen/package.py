# Spack package for lensgen (README "Library and Python"). Use it from a local repository:
#   spack repo create myrepo && cp -r scripts/spack/lensgen myrepo/packages/
#   spack install lensgen+python          # or +cuda cuda_arch=90
from spack.package import *  # noqa: F401,F403


class Lensgen(CMakePackage, CudaPackage):
    """MPI-parallel gravitational-lensing dataset generator: convergence, deflection, shear and
    magnification maps, lensed images, subhalo populations and wave-optics amplification factors
    from a parameter deck, written to one parallel HDF5 file; liblensgen and a Python package
    give the same samples to programs and training loops."""

    # lensgen has no public home yet: point `git` at the repository you build from
    # (a clone's path or URL), e.g. `spack edit lensgen`, or use `spack dev-build` in a checkout.
    homepage = "file://" + __file__.rsplit("/scripts/spack/", 1)[0]
    git = homepage

    version("main", branch="main")

    # +cuda and cuda_arch come from CudaPackage: the CUDA backend (gpu/)
    variant("python", default=True, description="Install the Python package (python/lensgen)")
    variant("native", default=False, description="Optimise for the build machine (-march=native)")

    depends_on("cmake@3.25:", type="build")
    depends_on("pkgconfig", type="build")
    depends_on("mpi")
    depends_on("hdf5+mpi")
    depends_on("fftw+openmp precision=float,double")
    depends_on("gsl")
    depends_on("random123")
    depends_on("xxhash")
    depends_on("cmocka", type="test")
    depends_on("python@3.9:", when="+python", type=("build", "run"))
    depends_on("py-numpy", when="+python", type="run")
    depends_on("py-h5py", when="+python", type="run")

    def cmake_args(self):
        args = [
            self.define_from_variant("LENSGEN_NATIVE", "native"),
            self.define("BUILD_TESTING", self.run_tests),
            self.define("LENSGEN_CUDA", "ON" if "+cuda" in self.spec else "OFF"),
        ]
        if "+cuda" in self.spec:
            archs = [a for a in self.spec.variants["cuda_arch"].value if a != "none"] or ["90"]
            args.append(self.define("CMAKE_CUDA_ARCHITECTURES", ";".join(archs)))
        return args

    def setup_run_environment(self, env):
        env.set("LENSGEN_LIBRARY", join_path(self.prefix.lib, "liblensgen.so"))
        if "+python" in self.spec:
            env.prepend_path("PYTHONPATH", join_path(self.prefix.share, "lensgen", "python"))
