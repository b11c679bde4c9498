# Shared by the cmake -P test scripts: run `${VSIM} ${ARGS}` once, show what
# happened, and fail unless it exited with ${EXPECT_EXIT}. Leaves its
# standard output and error in `out` and `err`.
macro(vsim_run_expect_exit)
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
endmacro()
