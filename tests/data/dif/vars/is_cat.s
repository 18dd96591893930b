; Predicate: execname == "cat".
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
ldb r1, execname
lds r2, "cat"
call r3, strcmp, r1
movi r0, 0
jnei r3, 0, out
movi r0, 1
out:
ret r0
