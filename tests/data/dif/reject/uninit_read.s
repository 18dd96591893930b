; uninit_read: expect instruction 0 [error 31]
mov r0, r5
ret r0
