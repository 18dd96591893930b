/* strjoin nested twenty deep: the strings already computed are spilled
   (copied into clause-local slots and back) while the rest is. */
BEGIN
{
	printf("%s\n", strjoin("a", strjoin("b", strjoin("c", strjoin("d", strjoin("e", strjoin("f", strjoin("g", strjoin("h", strjoin("i", strjoin("j", strjoin("k", strjoin("l", strjoin("m", strjoin("n", strjoin("o", strjoin("p", strjoin("q", strjoin("r", strjoin("s", strjoin("t", "z")))))))))))))))))))));
	exit(0);
}
