; bad_subr: expect instruction 1 [error 19]
movi r1, 0
.insn 0x60, 0, 1, 0, 250
ret r0
