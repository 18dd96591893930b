; bad_string: expect instruction 0 [error 15]
lds r0, s9999
ret r0
