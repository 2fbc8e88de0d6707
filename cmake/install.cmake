# cmake --install: the program, liblensgen and its header, a CMake package (find_package(lensgen)
# gives lensgen::lensgen) and a pkg-config file, the decks, the Python package and the docs
# (README "Install"). No root needed: any --prefix.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(lensgen_shared PROPERTIES EXPORT_NAME lensgen)
set_target_properties(lensgen_static PROPERTIES EXPORT_NAME lensgen_static)
foreach(t lensgen_shared lensgen_static)
  target_include_directories(${t} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()
install(TARGETS lensgen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS lensgen_shared EXPORT lensgenTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
# the archive in an export set of its own: its users also need FFTW, GSL and OpenMP, which
# lensgenConfig.cmake looks for only when the component `static` is asked for
install(TARGETS lensgen_static EXPORT lensgenStaticTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_SOURCE_DIR}/src/lensgen.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT lensgenTargets NAMESPACE lensgen:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lensgen)
install(EXPORT lensgenStaticTargets NAMESPACE lensgen::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lensgen)
# what the archive's users link besides it (lensgenConfig.cmake, lensgen.pc's Libs.private)
set(LENSGEN_CONFIG_CUDA "")
set(LENSGEN_PC_PRIVATE "-lfftw3f_threads -lfftw3f -lgsl -lgslcblas -fopenmp -lstdc++ -lm")
if(LENSGEN_HAVE_CUDA)
  set(LENSGEN_CONFIG_CUDA "find_dependency(CUDAToolkit)")
  string(APPEND LENSGEN_PC_PRIVATE " -L${CUDAToolkit_LIBRARY_DIR} -lcudart -lcufft")
endif()
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/lensgenConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/lensgenConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lensgen)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/lensgenConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/lensgenConfig.cmake ${CMAKE_BINARY_DIR}/lensgenConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lensgen)
# relocatable: the prefix is found from the .pc file itself (cmake --install --prefix)
file(RELATIVE_PATH LENSGEN_PC_UP "/r/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/r")
# (lensgen-static.pc names the archive itself: -llensgen would pick the .so)
foreach(pc lensgen lensgen-static)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/${pc}.pc.in ${CMAKE_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/input/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lensgen/input
        FILES_MATCHING PATTERN "*.deck")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/python/lensgen ${CMAKE_SOURCE_DIR}/python/examples
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lensgen/python PATTERN "__pycache__" EXCLUDE)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
