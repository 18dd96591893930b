; Ends tracing with exit(0).
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
movi r0, 0
exit r0
ret r0
