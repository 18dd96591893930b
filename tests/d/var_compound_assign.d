BEGIN
{
	x = 10;
	x += 5;
	x -= 3;
	x *= 4;
	x /= 6;
	x %= 5;
	x <<= 3;
	x >>= 1;
	x |= 1;
	x &= 13;
	x ^= 6;
	printf("%d\n", x);
	exit(0);
}
