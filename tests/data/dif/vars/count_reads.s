; fbt::ksys_read:entry for cat: self->n++ and print tid and n.
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
ldt r1, t_n
addi r1, 1
stt t_n, r1
ldb r2, tid
mov r3, r1
printf "%d %d\n", r2:2
movi r0, 0
ret r0
