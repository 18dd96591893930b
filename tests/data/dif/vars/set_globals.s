; BEGIN, clause 1: sets a global int and string, and a this-> variable.
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
movi r1, 42
stg g_int, r1
lds r2, "hello"
stg g_str, r2
movi r3, 7
stl l_x, r3
movi r0, 0
ret r0
