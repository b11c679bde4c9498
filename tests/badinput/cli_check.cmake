# Run the vsim command line once and check how it fails:
#   cmake -DVSIM=path/to/vsim -DEXPECT_EXIT=N -DEXPECT_STDERR=REGEX -DARGS=a;b;c -P cli_check.cmake
# Passes when vsim exits with EXPECT_EXIT and stderr is exactly one line
# matching REGEX (or, for REGEX "^$", stderr is empty).
if(NOT DEFINED VSIM OR NOT DEFINED EXPECT_EXIT OR NOT DEFINED EXPECT_STDERR)
  message(FATAL_ERROR "usage: cmake -DVSIM=... -DEXPECT_EXIT=... -DEXPECT_STDERR=... -DARGS=... -P cli_check.cmake")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/../common/run_vsim.cmake)
vsim_run_expect_exit()

if(EXPECT_STDERR STREQUAL "^$")
  if(NOT err STREQUAL "")
    message(FATAL_ERROR "expected no output on stderr")
  endif()
  return()
endif()

# exactly one line: one newline, at the end
string(REGEX MATCHALL "\n" newlines "${err}")
list(LENGTH newlines nlines)
if(NOT nlines EQUAL 1 OR NOT err MATCHES "\n$")
  message(FATAL_ERROR "expected exactly one line on stderr, got ${nlines} newline(s)")
endif()
if(NOT err MATCHES "^vsim: ")
  message(FATAL_ERROR "the message should start with 'vsim: '")
endif()
if(NOT err MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}'")
endif()
