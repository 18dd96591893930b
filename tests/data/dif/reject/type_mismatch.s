; type_mismatch: expect instruction 1 [error 32]
ldb r1, execname
addi r1, 1
ret r1
