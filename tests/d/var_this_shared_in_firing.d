BEGIN { this->a = 6; this->b = 7; }
BEGIN { printf("%d\n", this->a * this->b); exit(0); }
