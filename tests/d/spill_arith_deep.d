/* 20 levels of right-nested operands: more values live at once than
   there are registers, so the compiler spills the outer ones. */
BEGIN
{
	x = 1;
	printf("%d\n", (x * 1 + (x * 2 + (x * 3 + (x * 4 + (x * 5 + (x * 6 + (x * 7 + (x * 8 + (x * 9 + (x * 10 + (x * 11 + (x * 12 + (x * 13 + (x * 14 + (x * 15 + (x * 16 + (x * 17 + (x * 18 + (x * 19 + (x * 20 + x)))))))))))))))))))));
	printf("%d\n", (x * 1 - (x * 2 - (x * 3 - (x * 4 - (x * 5 - (x * 6 - (x * 7 - (x * 8 - (x * 9 - (x * 10 - (x * 11 - (x * 12 - (x * 13 - (x * 14 - (x * 15 - (x * 16 - (x * 17 - (x * 18 - (x * 19 - (x * 20 - x)))))))))))))))))))));
	printf("%d\n", ((x << 1) ^ (x % 3 | ((x << 3) ^ (x % 5 | ((x << 0) ^ (x % 7 | ((x << 2) ^ (x % 9 | ((x << 4) ^ (x % 11 | ((x << 1) ^ (x % 13 | ((x << 3) ^ (x % 15 | ((x << 0) ^ (x % 17 | ((x << 2) ^ (x % 19 | ((x << 4) ^ (x % 21 | x)))))))))))))))))))));
	exit(0);
}
