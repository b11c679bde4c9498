# Run vsim with --signature and compare the file it writes with an expected one:
#   cmake -DVSIM=path/to/vsim -DOUT=sig.txt -DEXPECT=expected.txt -DEXPECT_EXIT=N
#         -DARGS=a;b;c -P check.cmake
# ARGS are the arguments after `vsim`; the script adds --signature=OUT (after
# removing a stale OUT). Passes when vsim exits with EXPECT_EXIT and OUT is
# byte for byte EXPECT.
if(NOT DEFINED VSIM OR NOT DEFINED OUT OR NOT DEFINED EXPECT OR NOT DEFINED EXPECT_EXIT)
  message(FATAL_ERROR "usage: cmake -DVSIM=... -DOUT=... -DEXPECT=... -DEXPECT_EXIT=... -DARGS=... -P check.cmake")
endif()

file(REMOVE ${OUT})
list(INSERT ARGS 1 --signature=${OUT}) # after the command (run)
include(${CMAKE_CURRENT_LIST_DIR}/../common/run_vsim.cmake)
vsim_run_expect_exit()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "${OUT} was not written")
endif()
file(READ ${OUT} got)
file(READ ${EXPECT} want)
if(NOT got STREQUAL want)
  message(FATAL_ERROR "${OUT} differs from ${EXPECT}:\n--- got\n${got}--- expected\n${want}")
endif()
