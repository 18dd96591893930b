; bad_builtin: expect instruction 0 [error 20]
.insn 0x24, 0, 0, 0, 200
ret r0
