typedef int ov_placeholder;
