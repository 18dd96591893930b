; backward_jump: expect instruction 2 [error 23]
movi r0, 0
ja +0
ja -2
ret r0
