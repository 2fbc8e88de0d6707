# version.cmake: (re)write generated/version.h with the current git revision at every build,
# so provenance never names a stale commit. Run as: cmake -DSRC=... -DIN=... -DOUT=... -P
execute_process(COMMAND git describe --always --dirty --abbrev=12 WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE LENSGEN_GIT_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR LENSGEN_GIT_REVISION STREQUAL "")
  set(LENSGEN_GIT_REVISION "unknown")
endif()
configure_file(${IN} ${OUT}.new @ONLY)
file(COPY_FILE ${OUT}.new ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.new)
