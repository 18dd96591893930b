; Reads 8 bytes of kernel memory at arg0, adds arg1, returns the sum.
ldarg r1, 0
ldarg r2, 1
ldk8 r0, [r1+0]
add r0, r2
ret r0
