; loop_counter_write: expect instruction 2 [error 28]
movi r0, 0
loop r1, 4
movi r1, 7
endloop r1
ret r0
