; arg0 / arg1, unsigned: DIVZERO when arg1 is 0.
ldarg r1, 0
ldarg r2, 1
mov r0, r1
udiv r0, r2
ret r0
