; bad_register: expect instruction 3 [error 13]
movi r0, 1
movi r14, 1
movi r15, 1
sum @0, r0, r14:4
ret r0
