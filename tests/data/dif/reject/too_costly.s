; too_costly: expect instruction 3 [error 33]
movi r0, 0
loop r1, 1000
loop r2, 1000
addi r0, 1
endloop r2
endloop r1
ret r0
