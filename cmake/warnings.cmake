# ov_add_warnings(target): the project's warning set, for our own targets only.
function(ov_add_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall
    -Wextra
    -Wpedantic
    -Wshadow
    -Wstrict-prototypes
    -Wmissing-prototypes
    -Wundef
    -Wwrite-strings
    -Wformat=2
    -Wno-format-nonliteral)
  if(OV_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_definitions(${target} PRIVATE _POSIX_C_SOURCE=200809L)
endfunction()
