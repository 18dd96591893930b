; falls_off_end: expect instruction 0 [error 30]
movi r0, 1
