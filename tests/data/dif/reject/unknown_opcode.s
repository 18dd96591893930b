; unknown_opcode: expect instruction 0 [error 11]
.insn 0xff, 0, 0, 0, 0
ret r0
