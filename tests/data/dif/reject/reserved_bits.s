; reserved_bits: expect instruction 0 [error 12]
.insn 0x30, 3, 0, 0, 0
movi r0, 0
ret r0
