; jump_out_of_range: expect instruction 1 [error 22]
movi r0, 0
ja +100
ret r0
