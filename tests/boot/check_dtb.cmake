# Dump vsim's device tree, decompile it with dtc and check the nodes and
# properties the virt board reference lists.
execute_process(COMMAND ${VSIM} run --dump-dtb ${OUT} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "vsim --dump-dtb failed (${rc}): ${err}")
endif()
execute_process(COMMAND dtc -I dtb -O dts ${OUT} OUTPUT_VARIABLE dts RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dtc cannot read the blob")
endif()
set(expected
  "#address-cells = <0x02>;"
  "compatible = \"riscv-virtio\";"
  "model = \"riscv-virtio,qemu\";"
  "stdout-path = \"/soc/serial@10000000\";"
  "timebase-frequency = <0x989680>;"
  "cpu@0 {"
  "device_type = \"cpu\";"
  "riscv,isa = \"rv64imafdc_zicsr_zifencei\";"
  "mmu-type = \"riscv,sv48\";"
  "compatible = \"riscv,cpu-intc\";"
  "memory@80000000 {"
  "reg = <0x00 0x80000000 0x00 0x8000000>;"
  "compatible = \"syscon-poweroff\";"
  "value = <0x5555>;"
  "compatible = \"syscon-reboot\";"
  "value = <0x7777>;"
  "compatible = \"simple-bus\";"
  "test@100000 {"
  "compatible = \"sifive,test1\\0sifive,test0\\0syscon\";"
  "clint@2000000 {"
  "compatible = \"sifive,clint0\\0riscv,clint0\";"
  "interrupts-extended = <0x01 0x03 0x01 0x07>;"
  "serial@10000000 {"
  "compatible = \"ns16550a\";"
  "clock-frequency = " # 3686400: 00 38 40 00, which dtc shows as a string
)
foreach(line ${expected})
  string(FIND "${dts}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "device tree lacks: ${line}\n--- the tree ---\n${dts}")
  endif()
endforeach()
message(STATUS "device tree: all expected nodes and properties present")
