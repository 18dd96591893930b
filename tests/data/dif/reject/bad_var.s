; bad_var: expect instruction 0 [error 16]
ldg r0, v3
ret r0
