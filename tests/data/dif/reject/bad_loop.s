; bad_loop: expect instruction 1 [error 21]
movi r0, 0
loop r1, 0
addi r0, 1
endloop r1
ret r0
