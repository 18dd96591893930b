BEGIN
{
	printf("%d %d %d %d\n", (char)300, (unsigned char)-1, (short)70000, (int)0x1ffffffff);
	exit(0);
}
