# The GDB session of run-gdb.sh (@PORT@ is filled in). In batch mode a
# failing command ends the script, so every step here must work.
set pagination off
set confirm off
set width 0
set height 0
set architecture riscv:rv64
target remote 127.0.0.1:@PORT@
break main
continue
stepi
info registers pc
x/4xw &magic
print counter
watch counter
continue
delete
rwatch counter
continue
delete
break square
continue
backtrace
finish
info registers a0
set var results[3] = 77
print results[3]
info registers mstatus
print $ft0
monitor help
monitor stats
monitor priv
monitor info dev
info all-registers
delete
detach
