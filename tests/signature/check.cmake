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
execute_process(COMMAND ${VSIM} ${ARGS}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  TIMEOUT 50)
string(REPLACE ";" " " shown "${ARGS}")
message(STATUS "vsim ${shown}")
message(STATUS "exit status: ${status}")
message(STATUS "stderr: ${err}")
if(NOT "${status}" STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "expected exit status ${EXPECT_EXIT}, got '${status}'")
endif()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "${OUT} was not written")
endif()
file(READ ${OUT} got)
file(READ ${EXPECT} want)
if(NOT got STREQUAL want)
  message(FATAL_ERROR "${OUT} differs from ${EXPECT}:\n--- got\n${got}--- expected\n${want}")
endif()
