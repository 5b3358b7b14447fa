# tst_install: `cmake --install` into a temporary root, then the .deb from cpack, both
# checked for the files an application install needs; the installed binaries must start.
#   cmake -DBUILD_DIR=<build> -DSOURCE_DIR=<source> -DWORK_DIR=<scratch> -P install_check.cmake
foreach(var BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_check: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install_check: `${ARGN}` failed (${rc}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(GLOB lessons RELATIVE ${SOURCE_DIR}/resources/lessons ${SOURCE_DIR}/resources/lessons/*.sks)
list(LENGTH lessons lessonCount)
if(lessonCount EQUAL 0)
  message(FATAL_ERROR "install_check: no built-in lessons in ${SOURCE_DIR}/resources/lessons")
endif()
set(expected
  usr/bin/sockscope
  usr/bin/sockscope-cli
  usr/share/applications/sockscope.desktop
  usr/share/mime/packages/sockscope-lesson.xml
  usr/share/icons/hicolor/scalable/apps/sockscope.svg
  usr/share/sockscope/lessons/README.md)
foreach(lesson IN LISTS lessons)
  list(APPEND expected usr/share/sockscope/lessons/${lesson})
endforeach()

# 1. cmake --install, DESTDIR-style: prefix /usr under a temporary root.
set(root ${WORK_DIR}/root)
run(${CMAKE_COMMAND} -E env DESTDIR=${root} ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /usr)
foreach(path IN LISTS expected)
  if(NOT EXISTS ${root}/${path})
    message(FATAL_ERROR "install_check: cmake --install did not install ${path}")
  endif()
endforeach()
run(${root}/usr/bin/sockscope-cli --version)
if(NOT run_output MATCHES "sockscope-cli [0-9]+\\.[0-9]+")
  message(FATAL_ERROR "install_check: installed sockscope-cli --version printed '${run_output}'")
endif()
# --help and --version answer without any display (no QT_QPA_PLATFORM, no DISPLAY).
run(${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
  ${root}/usr/bin/sockscope --version)
if(NOT run_output MATCHES "Sockscope [0-9]+\\.[0-9]+")
  message(FATAL_ERROR "install_check: installed sockscope --version printed '${run_output}'")
endif()
run(${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
  ${root}/usr/bin/sockscope --help)
foreach(word "--play" "LESSON.sks" "--version" "SOCKSCOPE_SETTINGS_DIR")
  string(FIND "${run_output}" "${word}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "install_check: sockscope --help does not mention ${word}: ${run_output}")
  endif()
endforeach()
file(READ ${root}/usr/share/applications/sockscope.desktop desktop)
foreach(line "Exec=sockscope" "Icon=sockscope" "MimeType=application/x-sockscope-lesson")
  string(FIND "${desktop}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "install_check: sockscope.desktop lacks ${line}")
  endif()
endforeach()

# 2. The .deb: same paths inside, dependencies on the Qt libraries.
get_filename_component(cmakeDir ${CMAKE_COMMAND} DIRECTORY)
find_program(CPACK_EXE cpack HINTS ${cmakeDir} REQUIRED)
find_program(DPKG_DEB dpkg-deb REQUIRED)
run(${CPACK_EXE} --config ${BUILD_DIR}/CPackConfig.cmake -G DEB -B ${WORK_DIR}/package)
file(GLOB debs ${WORK_DIR}/package/*.deb)
list(LENGTH debs debCount)
if(NOT debCount EQUAL 1)
  message(FATAL_ERROR "install_check: expected one .deb in ${WORK_DIR}/package, found '${debs}'")
endif()
run(${DPKG_DEB} -c ${debs})
set(contents "${run_output}")
foreach(path IN LISTS expected)
  string(FIND "${contents}" " ./${path}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "install_check: the .deb lacks /${path}:\n${contents}")
  endif()
endforeach()
run(${DPKG_DEB} -f ${debs} Depends)
foreach(dep libqt6widgets6 libqt6core6 libqt6svg6)
  string(FIND "${run_output}" "${dep}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "install_check: the .deb does not depend on ${dep}: ${run_output}")
  endif()
endforeach()

# 3. The .deb unpacked into its own root starts (the binaries and their files are whole).
run(${DPKG_DEB} -x ${debs} ${WORK_DIR}/debroot)
run(${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen ${WORK_DIR}/debroot/usr/bin/sockscope --version)
run(${WORK_DIR}/debroot/usr/bin/sockscope-cli --help)
message(STATUS "install_check: ${debs} holds every file; installed binaries start")
