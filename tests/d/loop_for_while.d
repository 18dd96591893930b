BEGIN
{
	s = 0;
	for (i = 0; i < 10; i++) {
		if (i == 7)
			break;
		if (i == 2)
			continue;
		s += i;
	}
	j = 0;
	while (j < 100) {
		j += 7;
	}
	printf("%d %d %d\n", s, i, j);
	exit(0);
}
