# Installs Sockscope like a desktop application and packages it as a .deb (CPack).
# Included from the top-level CMakeLists.txt after the app and cli targets exist.
include(GNUInstallDirs)

install(TARGETS sockscope sockscope-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/resources/sockscope.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
# The .sks lesson MIME type, so file managers open lessons with Sockscope.
install(FILES ${PROJECT_SOURCE_DIR}/resources/sockscope-lesson.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/sockscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
file(GLOB SOCKSCOPE_LESSONS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/lessons/*.sks)
install(FILES ${SOCKSCOPE_LESSONS} ${PROJECT_SOURCE_DIR}/resources/lessons/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/sockscope/lessons)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sockscope)
set(CPACK_PACKAGE_VENDOR "Sockscope")
set(CPACK_PACKAGE_CONTACT "Sockscope maintainers <maintainers@sockscope.invalid>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Make sockets visible: drive each system call by hand and watch")
set(CPACK_PACKAGE_DESCRIPTION
    "Sockscope creates real TCP, UDP and Unix-domain sockets, lets you make every system call\n"
    "by hand (bind, listen, accept, connect, send, recv, shutdown, close) and shows the result\n"
    "live: listening sockets, accepted descriptors, ports, kernel queues and byte flow.\n"
    "Includes built-in lessons and sockscope-cli, a headless runner.")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://sockscope.invalid")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# dpkg-shlibdeps works out the library packages (Qt 6 Widgets/Charts/Svg, libmnl) from the
# binaries; the explicit list covers what is loaded at run time rather than linked.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, qt6-qpa-plugins, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "manpages-dev")
set(CPACK_STRIP_FILES ON)
include(CPack)
