; One LOAD test run: a global, self-> and an assoc stored and read back.
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
movi r1, 40
stg g_int, r1
movi r1, 2
stt t_n, r1
lds r1, "k"
movi r2, 9
movi r3, 1000
sta counts, r1, r3
ldg r4, g_int
ldt r5, t_n
lda r6, counts, r1
add r4, r5
add r4, r6
ret r4
