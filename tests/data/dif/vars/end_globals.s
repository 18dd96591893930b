; END: globals persist; this-> was cleared for the new firing.
.var g_int global int
.var g_str global str
.var l_x local int
.var t_n tls int
.var counts assoc int 2
ldg r1, g_int
ldg r2, g_str
ldl r3, l_x
printf "end %d %s %d\n", r1:3
movi r0, 0
ret r0
