# Runs one libFuzzer harness for a bounded time, as a ctest test (see tests/fuzz/CMakeLists.txt).
#   cmake -DNAME=cyclonedx_json -DFUZZER=path -DCORPUS=dir -DSEEDS="dir|dir" -DFINDINGS=dir
#         -DSECONDS=20 -DMAX_LEN=65536 [-DUNAVAILABLE="why"] -P run_fuzzer.cmake
# The full libFuzzer log goes to FINDINGS/last-run.log; on a finding, the input that caused it is
# in FINDINGS (libFuzzer's crash-*, leak-*, timeout-*, oom-* files) and this prints where.
cmake_minimum_required(VERSION 3.25)

if(DEFINED UNAVAILABLE)
  message(FATAL_ERROR "fuzz_${NAME} cannot run: ${UNAVAILABLE}")
endif()
foreach(var NAME FUZZER CORPUS FINDINGS SECONDS MAX_LEN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT EXISTS "${FUZZER}")
  message(FATAL_ERROR "fuzz_${NAME}: ${FUZZER} was not built (see the build's bomwatch_fuzzers step)")
endif()

# The working corpus, where libFuzzer adds what it finds interesting, comes first; the seed
# folders after it are only read.
file(MAKE_DIRECTORY "${CORPUS}" "${FINDINGS}")
string(REPLACE "|" ";" seed_list "${SEEDS}")
set(seed_dirs "")
foreach(dir IN LISTS seed_list)
  if(IS_DIRECTORY "${dir}")
    list(APPEND seed_dirs "${dir}")
  else()
    message(WARNING "fuzz_${NAME}: no seed folder ${dir}")
  endif()
endforeach()

set(log "${FINDINGS}/last-run.log")
math(EXPR wall_limit "${SECONDS} + 300")
execute_process(
  COMMAND "${FUZZER}" -max_total_time=${SECONDS} -max_len=${MAX_LEN} -timeout=10 -rss_limit_mb=2048
          -artifact_prefix=${FINDINGS}/ -print_final_stats=1 "${CORPUS}" ${seed_dirs}
  OUTPUT_FILE "${log}" ERROR_FILE "${log}"
  RESULT_VARIABLE result
  TIMEOUT ${wall_limit})

file(READ "${log}" log_text)
if(result EQUAL 0)
  string(REGEX MATCH "Done ([0-9]+) runs in ([0-9]+) second" unused "${log_text}")
  set(runs "${CMAKE_MATCH_1} inputs in ${CMAKE_MATCH_2} s")
  string(REGEX MATCH "stat::new_units_added: *([0-9]+)" unused "${log_text}")
  set(added "${CMAKE_MATCH_1}")
  string(REGEX MATCH "stat::peak_rss_mb: *([0-9]+)" unused "${log_text}")
  set(rss "${CMAKE_MATCH_1}")
  file(GLOB corpus_files "${CORPUS}/*")
  list(LENGTH corpus_files corpus_size)
  message("fuzz_${NAME}: no finding: ${runs}, ${added} new interesting ones, peak RSS ${rss} MB; "
          "working corpus: ${corpus_size} inputs in ${CORPUS}")
  return()
endif()

# A finding: show the log from the report on (a sanitizer's, libFuzzer's, an uncaught exception's
# or the harness's own) and where the input is. Found with string(FIND): the log is not a list.
string(LENGTH "${log_text}" report_start)
foreach(marker "==ERROR" "runtime error:" "terminate called" "fuzz_${NAME}: " "ALARM:" "out-of-memory" "deadly signal")
  string(FIND "${log_text}" "${marker}" at)
  if(at GREATER_EQUAL 0 AND at LESS report_start)
    set(report_start ${at})
  endif()
endforeach()
string(LENGTH "${log_text}" log_length)
if(report_start EQUAL log_length)
  math(EXPR report_start "${log_length} - 8000")
  if(report_start LESS 0)
    set(report_start 0)
  endif()
endif()
string(SUBSTRING "${log_text}" ${report_start} 20000 report)
message("${report}")
if(log_text MATCHES "Test unit written to ([^\n]*)")
  set(input "${CMAKE_MATCH_1}")
  message(FATAL_ERROR
    "fuzz_${NAME} found an input its reader does not handle (exit ${result}): ${input}\n"
    "Reproduce: ${FUZZER} ${input}\n"
    "Once it is fixed, copy it to fuzz/regressions/${NAME}/ so fuzz_regression_test keeps it fixed.\n"
    "Full log: ${log}")
endif()
message(FATAL_ERROR "fuzz_${NAME} failed (${result}) without writing an input; full log: ${log}")
