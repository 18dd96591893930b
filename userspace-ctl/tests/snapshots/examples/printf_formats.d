BEGIN
{
	printf("%-10s|%5d|%08x|%X|%o|%u|%c|%p\n", "left", -42, 255, 255, 8, 7, 65, 4096);
	printf("%%|%ld|%lu|%lld|%.3s|%+i|%#x|% d\n", 1, 2, 3, "abcdef", 5, 6, 7);
	printf("no arguments at all\n");
	exit(0);
}
