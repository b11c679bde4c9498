# Guest programs: RISC-V code built with Debian's bare-metal cross compiler.
#
#   vsim_guest(NAME SOURCES src... [LINKER_SCRIPT file] [INCLUDES dir...]
#              [PICOLIBC] [FLAGS flag...])
#
# builds ${VSIM_GUEST_DIR}/NAME.elf (target guest_NAME, part of `all`).
# PICOLIBC links Debian's picolibc (--specs=picolibc.specs) for C code that
# wants a libc; otherwise the program is freestanding (-nostdlib).
find_program(VSIM_RISCV_CC riscv64-unknown-elf-gcc)
if(NOT VSIM_RISCV_CC)
  message(FATAL_ERROR "riscv64-unknown-elf-gcc not found: install gcc-riscv64-unknown-elf "
                      "(and picolibc-riscv64-unknown-elf), or configure with -DVSIM_BUILD_GUESTS=OFF")
endif()

set(VSIM_GUEST_DIR ${PROJECT_BINARY_DIR}/guests)
set(VSIM_GUEST_ARCH -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany)

function(vsim_guest name)
  cmake_parse_arguments(G "PICOLIBC" "LINKER_SCRIPT" "SOURCES;INCLUDES;FLAGS" ${ARGN})
  set(out ${VSIM_GUEST_DIR}/${name}.elf)
  set(flags ${VSIM_GUEST_ARCH} -O2 -g -static -Wall -Wextra -Werror)
  if(G_PICOLIBC)
    # Debian's picolibc multilibs are selected by the ISA-spec-2.2 name
    # (where Zicsr/Zifencei are part of I): the same ISA, spelled so GCC 12
    # picks the rv64imac/lp64 library instead of the lp64d default.
    list(REMOVE_ITEM flags -march=rv64imac_zicsr_zifencei)
    list(APPEND flags -march=rv64imac -misa-spec=2.2 --specs=picolibc.specs)
  else()
    list(APPEND flags -nostdlib -nostartfiles -ffreestanding)
  endif()
  if(G_LINKER_SCRIPT)
    list(APPEND flags -T ${G_LINKER_SCRIPT})
  endif()
  foreach(dir ${G_INCLUDES})
    list(APPEND flags -I${dir})
  endforeach()
  list(APPEND flags ${G_FLAGS})
  set(deps ${G_SOURCES} ${G_LINKER_SCRIPT})
  foreach(dir ${G_INCLUDES})
    file(GLOB headers ${dir}/*.h)
    list(APPEND deps ${headers})
  endforeach()
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${VSIM_GUEST_DIR}
    COMMAND ${VSIM_RISCV_CC} ${flags} -o ${out} ${G_SOURCES}
    DEPENDS ${deps}
    COMMENT "Building guest program ${name}.elf"
    VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${out})
endfunction()

# Register a guest program as a test under every dispatch strategy:
# test NAME/MODE passes when the guest exits with status 0.
function(vsim_guest_test name)
  foreach(mode ${VSIM_DISPATCH_MODES})
    add_test(NAME ${name}/${mode}
      COMMAND vsim_cli run --dispatch=${mode} --max-insns=200000000 ${VSIM_GUEST_DIR}/${name}.elf)
    set_tests_properties(${name}/${mode} PROPERTIES TIMEOUT 120 LABELS guest)
  endforeach()
endfunction()
