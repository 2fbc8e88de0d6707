# Included after src/ and gpu/ (it takes their objects).
# liblensgen (src/lensgen.h, README "Library and Python"): lensgen_core, the gpu/ backend and library.c in
# one archive (liblensgen.a) and one shared library (liblensgen.so), both next to the lensgen
# binary in the build tree. The program links the archive: its ranks compute through the
# library's handles (library_internal.h). No MPI, no HDF5 in either.
set_target_properties(lensgen_core lensgen_gpu_backend PROPERTIES POSITION_INDEPENDENT_CODE ON)
set(LENSGEN_LIB_OBJECTS $<TARGET_OBJECTS:lensgen_core> $<TARGET_OBJECTS:lensgen_gpu_backend>)
set(LENSGEN_LIB_DEPS PkgConfig::FFTW3F ${FFTW3F_THREADS_LIB} GSL::gsl OpenMP::OpenMP_C Threads::Threads m)
if(LENSGEN_HAVE_CUDA)
  find_package(CUDAToolkit REQUIRED)
  set_target_properties(lensgen_cuda PROPERTIES POSITION_INDEPENDENT_CODE ON)
  list(APPEND LENSGEN_LIB_OBJECTS $<TARGET_OBJECTS:lensgen_cuda>)
  list(APPEND LENSGEN_LIB_DEPS CUDA::cudart CUDA::cufft)
endif()
foreach(kind STATIC SHARED)
  string(TOLOWER ${kind} k)
  add_library(lensgen_${k} ${kind} src/library.c ${LENSGEN_LIB_OBJECTS})
  target_compile_options(lensgen_${k} PRIVATE ${LENSGEN_WARNINGS} ${LENSGEN_OPT_FLAGS})
  target_include_directories(lensgen_${k} PRIVATE
    $<TARGET_PROPERTY:lensgen_gpu_backend,INTERFACE_INCLUDE_DIRECTORIES>
    $<TARGET_PROPERTY:lensgen_core,INTERFACE_INCLUDE_DIRECTORIES>)
  set_target_properties(lensgen_${k} PROPERTIES OUTPUT_NAME lensgen LINKER_LANGUAGE CXX
                        ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}
                        LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  add_dependencies(lensgen_${k} lensgen_version)
endforeach()
# the archive's users need what its objects call (C++ runtime: gpu/pipeline_host.cpp)
target_link_libraries(lensgen_static PUBLIC ${LENSGEN_LIB_DEPS} stdc++)
target_link_libraries(lensgen_shared PRIVATE ${LENSGEN_LIB_DEPS})
if(NOT LENSGEN_LIBRARY_ONLY) # (a wheel holds one file: no version links)
  set_target_properties(lensgen_shared PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION 0)
endif()
if(LENSGEN_HAVE_CUDA) # the installed library finds the CUDA runtime it was built with
  set_target_properties(lensgen_shared PROPERTIES INSTALL_RPATH "${CUDAToolkit_LIBRARY_DIR}")
endif()
