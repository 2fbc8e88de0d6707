# LensgenMpiTest.cmake: how the tests launch lensgen under MPI, and the one helper that declares
# such a test. Included by tests/CMakeLists.txt and validation/CMakeLists.txt (after
# find_package(MPI)).
#
# The launcher comes from FindMPI's cache variables: MPIEXEC_EXECUTABLE, MPIEXEC_NUMPROC_FLAG
# (e.g. -n), MPIEXEC_PREFLAGS (before the program) and MPIEXEC_POSTFLAGS (after it); set them
# with -D to use another launcher. Only where the launcher is Open MPI's are --oversubscribe
# (the tests run more ranks than a 2-core machine has cores) and, as root, --allow-run-as-root
# added. Environment variables reach the ranks by inheritance (no launcher-specific -x).
#
# The drivers (tests/e2e/lgtest.py, tests/cli/common.sh, validation/learnability/learn.py) read:
#   LENSGEN_MPIEXEC                the launcher
#   LENSGEN_MPIEXEC_NUMPROC_FLAG   its rank-count flag
#   LENSGEN_MPI_FLAGS              flags before the program (space-separated)
#   LENSGEN_MPIEXEC_POSTFLAGS      flags after the program
#   LENSGEN_TEST_RANKS             the most ranks the test may start (= its PROCESSORS); a driver
#                                  asked for more fails, so PROCESSORS stays true
# with LENSGEN_BIN, LENSGEN_SOURCE_DIR, LENSGEN_PYTHON and OMP_NUM_THREADS=1.

if(NOT MPIEXEC_EXECUTABLE)
  message(FATAL_ERROR "LensgenMpiTest: no MPIEXEC_EXECUTABLE (find_package(MPI) first)")
endif()
if(NOT DEFINED LENSGEN_MPIEXEC_IS_OPENMPI)
  execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version OUTPUT_VARIABLE _lg_mpiexec_version
                  ERROR_VARIABLE _lg_mpiexec_version TIMEOUT 30)
  if(_lg_mpiexec_version MATCHES "Open MPI|OpenRTE")
    set(_lg_is_openmpi ON)
  else()
    set(_lg_is_openmpi OFF)
  endif()
  set(LENSGEN_MPIEXEC_IS_OPENMPI ${_lg_is_openmpi} CACHE BOOL
      "MPIEXEC_EXECUTABLE is Open MPI's (tests add --oversubscribe, and as root --allow-run-as-root)")
endif()

set(LENSGEN_MPI_FLAGS ${MPIEXEC_PREFLAGS})
if(LENSGEN_MPIEXEC_IS_OPENMPI)
  list(APPEND LENSGEN_MPI_FLAGS --oversubscribe)
  execute_process(COMMAND id -u OUTPUT_VARIABLE _lg_uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(_lg_uid STREQUAL "0")
    list(APPEND LENSGEN_MPI_FLAGS --allow-run-as-root)
  endif()
endif()
string(JOIN " " LENSGEN_MPI_FLAGS_TEXT ${LENSGEN_MPI_FLAGS})
string(JOIN " " LENSGEN_MPI_POSTFLAGS_TEXT ${MPIEXEC_POSTFLAGS})

# Python with numpy and h5py for the drivers (Debian's, not a pyenv one).
if(NOT LENSGEN_PYTHON)
  find_program(LENSGEN_PYTHON NAMES python3 HINTS /usr/bin NO_DEFAULT_PATH)
  if(NOT LENSGEN_PYTHON)
    find_program(LENSGEN_PYTHON NAMES python3 REQUIRED)
  endif()
endif()

set(LENSGEN_TEST_ENV
    "LENSGEN_BIN=$<TARGET_FILE:lensgen>"
    "LENSGEN_MPIEXEC=${MPIEXEC_EXECUTABLE}"
    "LENSGEN_MPIEXEC_NUMPROC_FLAG=${MPIEXEC_NUMPROC_FLAG}"
    "LENSGEN_MPI_FLAGS=${LENSGEN_MPI_FLAGS_TEXT}"
    "LENSGEN_MPIEXEC_POSTFLAGS=${LENSGEN_MPI_POSTFLAGS_TEXT}"
    "LENSGEN_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
    "LENSGEN_PYTHON=${LENSGEN_PYTHON}"
    "OMP_NUM_THREADS=1")

# lensgen_mpi_test(NAME name RANKS n TIMEOUT s [LABELS l...] [ENVIRONMENT VAR=value...]
#                  COMMAND command args...)
# One MPI test: PROCESSORS = RANKS (the most ranks it starts at once), its TIMEOUT, the launcher
# environment above plus LENSGEN_TEST_RANKS = RANKS and ENVIRONMENT, LABELS (default e2e: the
# quick suite), and exit 77 = skipped.
function(lensgen_mpi_test)
  cmake_parse_arguments(PARSE_ARGV 0 T "" "NAME;RANKS;TIMEOUT" "LABELS;ENVIRONMENT;COMMAND")
  if(NOT T_NAME OR NOT T_RANKS OR NOT T_TIMEOUT OR NOT T_COMMAND OR T_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "lensgen_mpi_test(NAME RANKS TIMEOUT [LABELS] [ENVIRONMENT] COMMAND): "
                        "'${ARGV}'")
  endif()
  if(NOT T_LABELS)
    set(T_LABELS e2e)
  endif()
  set(env ${LENSGEN_TEST_ENV} "LENSGEN_TEST_RANKS=${T_RANKS}" ${T_ENVIRONMENT})
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
  set_tests_properties(${T_NAME} PROPERTIES
                       PROCESSORS ${T_RANKS}
                       TIMEOUT ${T_TIMEOUT}
                       LABELS "${T_LABELS}"
                       SKIP_RETURN_CODE 77
                       ENVIRONMENT "${env}")
endfunction()
