; fbt::ksys_read:entry for dd, on every CPU at once: self->n and
; counts[execname, tid] both count the thread's reads; each thread is the
; only writer of its keys, so the two agree whenever it prints them.
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
ldt r1, t_n
addi r1, 1
stt t_n, r1
ldb r2, execname
ldb r3, tid
lda r4, counts, r2
addi r4, 1
sta counts, r2, r4
mov r5, r1
uremi r5, 5000
movi r0, 0
jnei r5, 0, out
mov r5, r3
mov r6, r1
mov r7, r4
printf "%d %d %d\n", r5:3
out:
ret r0
