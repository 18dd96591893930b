; A variable table that is not a prefix of the others': ENABLE refuses it.
.var g_str global str
movi r0, 0
ret r0
