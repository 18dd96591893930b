; bad_const: expect instruction 0 [error 14]
ldc r0, c5
ret r0
